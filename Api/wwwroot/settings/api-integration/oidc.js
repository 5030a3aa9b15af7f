// Sign-in at the OpenID Connect provider: the authorization code flow with PKCE (S256), as a public client. The
// pending request (state, nonce, code verifier) lives in sessionStorage only for the round trip to the provider;
// the tokens go to the session (sessionStorage, this tab only). Nothing is kept in localStorage or cookies.

const PENDING = 'tempo.apiIntegration.pendingSignIn';

/** A sign-in that could not finish; message is written for the person at the keyboard. */
export class SignInError extends Error {}

/** The page's own address, which is also the redirect URI registered at the provider. */
export const redirectUri = () => new URL('/settings/api-integration', window.location.origin).toString();

let discovery = null;

/** The provider's discovery document (authorization, token and end-session endpoints), fetched once. */
async function metadata(config) {
  if (discovery) return discovery;
  let response;
  try {
    response = await fetch(`${config.authority}/.well-known/openid-configuration`, { cache: 'no-store' });
  } catch {
    throw new SignInError('The sign-in provider could not be reached. Try again in a moment.');
  }
  if (!response.ok) throw new SignInError(`The sign-in provider answered ${response.status}. Try again in a moment.`);
  discovery = await response.json();
  return discovery;
}

/** Sends the browser to the provider's sign-in; the provider sends it back here with a code (or an error). */
export async function beginSignIn(config) {
  const endpoints = await metadata(config);
  const pending = { state: randomText(), nonce: randomText(), verifier: randomText(48) };
  sessionStorage.setItem(PENDING, JSON.stringify(pending));
  const url = new URL(endpoints.authorization_endpoint);
  url.search = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: config.scopes,
    state: pending.state,
    nonce: pending.nonce,
    code_challenge: await challengeOf(pending.verifier),
    code_challenge_method: 'S256',
  }).toString();
  window.location.assign(url.toString());
}

/** True when this page load is the provider sending the browser back (a code or an error in the query). */
export function isCallback() {
  const query = new URLSearchParams(window.location.search);
  return query.has('state') && (query.has('code') || query.has('error'));
}

/**
 * Finishes a sign-in the provider sent back: checks the state against this tab's pending request, exchanges the
 * code with the code verifier, checks the ID token's nonce. Returns { accessToken, idToken, expiresAt }; throws a
 * SignInError that says what went wrong. The query is removed from the address bar either way.
 */
export async function completeSignIn(config) {
  const query = new URLSearchParams(window.location.search);
  window.history.replaceState(null, '', redirectUri());
  const pending = takePending();

  if (!pending || query.get('state') !== pending.state) {
    throw new SignInError('Sign-in could not be completed: the answer did not belong to a sign-in started in this tab. Sign in again.');
  }
  const error = query.get('error');
  if (error === 'access_denied') throw new SignInError('Sign-in was cancelled at the sign-in provider. Sign in again when you are ready.');
  if (error) throw new SignInError(`The sign-in provider refused the sign-in (${error}). Sign in again, or ask your administrator.`);

  const endpoints = await metadata(config);
  let response;
  try {
    response = await fetch(endpoints.token_endpoint, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
      body: new URLSearchParams({
        grant_type: 'authorization_code',
        code: query.get('code') ?? '',
        redirect_uri: redirectUri(),
        client_id: config.clientId,
        code_verifier: pending.verifier,
      }),
      cache: 'no-store',
    });
  } catch {
    throw new SignInError('The sign-in provider could not be reached to finish signing in. Sign in again.');
  }
  const tokens = await response.json().catch(() => ({}));
  if (!response.ok || !tokens.access_token) {
    throw new SignInError('The sign-in provider did not accept this sign-in' + (tokens.error ? ` (${tokens.error})` : '') + '. Sign in again.');
  }
  if (tokens.id_token && claimsOf(tokens.id_token).nonce !== pending.nonce) {
    throw new SignInError('Sign-in could not be completed: the sign-in provider answered for another request. Sign in again.');
  }
  const expiresIn = Number(tokens.expires_in);
  const expiresAt = Number.isFinite(expiresIn) && expiresIn > 0
    ? Date.now() + expiresIn * 1000
    : (claimsOf(tokens.access_token).exp ?? 0) * 1000 || null;
  return { accessToken: tokens.access_token, idToken: tokens.id_token ?? null, expiresAt };
}

/**
 * Where to send the browser to end the provider's session too, or null when the provider offers no end-session
 * endpoint (then only this tab's session ends).
 */
export async function endSessionUrl(config, idToken) {
  let endpoints;
  try {
    endpoints = await metadata(config);
  } catch {
    return null;
  }
  if (!endpoints.end_session_endpoint) return null;
  const url = new URL(endpoints.end_session_endpoint);
  const query = new URLSearchParams({ client_id: config.clientId, post_logout_redirect_uri: redirectUri() });
  if (idToken) query.set('id_token_hint', idToken);
  url.search = query.toString();
  return url.toString();
}

function takePending() {
  const text = sessionStorage.getItem(PENDING);
  sessionStorage.removeItem(PENDING);
  try {
    return JSON.parse(text ?? 'null');
  } catch {
    return null;
  }
}

/** The payload of a JWT, read without checking it: the server checks signatures, the page only reads claims. */
export function claimsOf(jwt) {
  try {
    const payload = jwt.split('.')[1] ?? '';
    const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes)) ?? {};
  } catch {
    return {};
  }
}

function randomText(bytes = 32) {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

async function challengeOf(verifier) {
  return base64Url(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

function base64Url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

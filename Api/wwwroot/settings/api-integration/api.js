// The management API and the development sign-in, as the server speaks them. Every failure becomes an ApiError
// with the server's own message (Tempo's body {"errors":[{"message":"..."}]}) or a plain one for network trouble.

export class ApiError extends Error {
  /** @param {number} status 0 when the server could not be reached */
  constructor(status, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
  }
}

async function send(method, path, { body, jwt } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (jwt) headers.Authorization = `Bearer ${jwt}`;

  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: 'no-store',
    });
  } catch {
    throw new ApiError(0, 'Could not reach the server. Check your connection and try again.');
  }

  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    // Not JSON: handled below.
  }

  if (!response.ok) {
    const message = json?.errors?.[0]?.message
      ?? `The server answered ${response.status}${response.statusText ? ` ${response.statusText}` : ''}.`;
    throw new ApiError(response.status, message);
  }
  if (json === null) throw new ApiError(response.status, 'The server sent an answer this page does not understand.');
  return json;
}

/** GET config.json: { authority, clientId, scopes, devSignIn }, what sign-in this server offers. */
export const pageConfig = () => send('GET', '/settings/api-integration/config.json');

/** POST /dev/sign-in: { accessToken, expiresAt }. Answers 404 when development sign-in is off. */
export const devSignIn = (accountId) => send('POST', '/dev/sign-in', { body: { accountId } });

/** The management API for one signed-in user; onUnauthorized runs on any 401 before the error is thrown. */
export function managementApi(jwt, onUnauthorized) {
  const call = (method, path, body) => callAt(`/api-integration${path}`, method, body);
  const callAt = async (path, method, body) => {
    try {
      return await send(method, path, { body, jwt });
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) onUnauthorized(error);
      throw error;
    }
  };
  const token = (id) => `/tokens/${encodeURIComponent(id)}`;
  const application = (id) => `/settings/oauth-applications/${encodeURIComponent(id)}`;
  return {
    me: () => call('GET', '/me'),
    scopes: () => call('GET', '/scopes'),
    listTokens: async () => (await call('GET', '/tokens')).results,
    createToken: (request) => call('POST', '/tokens', request),
    renameToken: (id, name) => call('PATCH', token(id), { name }),
    regenerateToken: (id) => call('POST', `${token(id)}/regenerate`),
    deleteToken: (id) => call('DELETE', token(id)),
    /** The token's last audit events, newest first. */
    tokenActivity: async (id, limit) => (await call('GET', `/audit?tokenId=${encodeURIComponent(id)}&limit=${limit}`)).results,
    /** The OAuth applications the user authorized: { id, applicationId, applicationName, scopes, createdAt, lastUsedAt }. */
    listAuthorizations: async () => (await call('GET', '/oauth-authorizations')).results,
    revokeAuthorization: (id) => call('DELETE', `/oauth-authorizations/${encodeURIComponent(id)}`),
    /** The tenant's OAuth applications (administrators only). */
    listApplications: async () => (await callAt('/settings/oauth-applications', 'GET')).results,
    createApplication: (request) => callAt('/settings/oauth-applications', 'POST', request),
    updateApplication: (id, change) => callAt(application(id), 'PATCH', change),
    regenerateApplicationSecret: (id) => callAt(`${application(id)}/secret`, 'POST'),
    deleteApplication: (id) => callAt(application(id), 'DELETE'),
  };
}

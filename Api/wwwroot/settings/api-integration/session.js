// The signed-in user: the JWT from sign-in, kept in sessionStorage so it lives as long as this browser tab.

const KEY = 'tempo.apiIntegration.session';

/** @returns {{ accessToken: string, accountId: string } | null} */
export function loadSession() {
  try {
    const session = JSON.parse(sessionStorage.getItem(KEY) ?? 'null');
    return session?.accessToken && session?.accountId ? session : null;
  } catch {
    return null;
  }
}

export function saveSession(accessToken) {
  const session = { accessToken, accountId: subjectOf(accessToken) };
  sessionStorage.setItem(KEY, JSON.stringify(session));
  return session;
}

export function clearSession() {
  sessionStorage.removeItem(KEY);
}

// The account id is the JWT's 'sub' claim; the server checked the signature, the page only reads it.
function subjectOf(jwt) {
  const payload = jwt.split('.')[1] ?? '';
  const base64 = payload.replace(/-/g, '+').replace(/_/g, '/');
  const bytes = Uint8Array.from(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')), (c) => c.charCodeAt(0));
  return JSON.parse(new TextDecoder().decode(bytes)).sub;
}

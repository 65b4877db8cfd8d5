/** Signs a staff member in to the dashboard with card and PIN; answers the session cookie (`name=value`). */
export async function staffCookie(url: string, card: string, pin: string): Promise<string> {
  const res = await fetch(`${url}/staff/login`, {
    method: 'POST',
    body: new URLSearchParams({ card, pin }),
    redirect: 'manual',
  });
  const cookie = /estation_staff=[^;]+/.exec(res.headers.get('set-cookie') ?? '');
  if (res.status !== 303 || !cookie) throw new Error(`staff sign-in failed: ${res.status}`);
  return cookie[0];
}

/** Posts the dashboard's remote action form for a station as the signed-in staff member. */
export function postAction(
  url: string,
  cookie: string,
  terminal: string,
  fields: Record<string, string>,
  origin?: string,
) {
  return fetch(`${url}/staff/terminals/${terminal}/actions`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...(origin ? { origin } : {}) },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  });
}

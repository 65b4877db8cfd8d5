/**
 * A staff member at the dashboard over real HTTP: signs in with card and PIN and fetches pages and
 * downloads with the session cookie.
 */
export async function staffSignIn(url: string, card: string, pin: string) {
  const res = await fetch(`${url}/staff/login`, {
    method: 'POST',
    body: new URLSearchParams({ card, pin }),
    redirect: 'manual',
  });
  const cookie = /estation_staff=[^;]+/.exec(res.headers.get('set-cookie') ?? '')?.[0];
  if (!cookie) throw new Error(`staff card ${card} could not sign in (HTTP ${res.status})`);
  const get = (path: string) => fetch(`${url}${path}`, { headers: { cookie }, redirect: 'manual' });
  return {
    cookie,
    get,
    text: async (path: string) => (await get(path)).text(),
    bytes: async (path: string) => Buffer.from(await (await get(path)).arrayBuffer()),
  };
}

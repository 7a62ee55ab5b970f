// The session cookie's attributes, written once: express-session, cookie-session and the inspector all read them here.

/** The attributes every session cookie carries, whatever the mode. */
export const cookiePolicy = {
  httpOnly: true, // page scripts can't read it
  sameSite: 'lax', // not sent on cross-site POSTs
  path: '/',
  // Secure is not fixed here: it is set exactly when the request came over https (behind Heroku's router,
  // through trust proxy), so http://localhost still works.
} as const;

/** The attributes as a browser's Set-Cookie shows them, for the inspector. */
export function cookieFlags(secureRequest: boolean): string[] {
  return [
    'HttpOnly', // cookiePolicy.httpOnly is always true
    `SameSite=${cookiePolicy.sameSite.charAt(0).toUpperCase()}${cookiePolicy.sameSite.slice(1)}`,
    `Path=${cookiePolicy.path}`,
    ...(secureRequest ? ['Secure'] : []),
  ];
}

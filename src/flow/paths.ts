// The app's own fixed addresses, named once: routes answer them and templates link to them (through app.locals.paths).
// A journey's pages are its own (its base path and slugs); the registry checks that none of them takes one of these.

export const paths = {
  home: '/',
  startOver: '/start-over',
  howItWorks: '/how-it-works',
  healthz: '/healthz',
  // Undo (a POST naming its journey) puts back the answers a change dropped.
  undo: '/undo',
} as const;

export type Paths = typeof paths;

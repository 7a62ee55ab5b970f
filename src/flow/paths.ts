// The flow's fixed addresses, named once: routes answer them and templates link to them (through app.locals.paths).

export const paths = {
  home: '/',
  /** The first question: where "Get started" leads. */
  firstStep: '/page1',
  /** The summary ("Now I know…"), shown once every step is answered. */
  summary: '/page3',
  startOver: '/start-over',
  /** The pizza order's first step: where the home page's second link leads. */
  orderStart: '/order/size',
  howItWorks: '/how-it-works',
} as const;

export type Paths = typeof paths;

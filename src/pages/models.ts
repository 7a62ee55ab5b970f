// What each view reads: the layout's needs (chrome) typed once, and one page model per view.
import type { Field } from '../flow/steps';
import type { FieldError } from '../flow/validate';
import type { labelledAnswers } from '../flow/answers';
import type { Inspector } from '../inspector/model';
import type { Notice } from '../session/notices';

/** What the layout (head, notice, footer, inspector partials) needs on every page, besides the page's own model. */
export interface Chrome {
  stored: ReturnType<typeof labelledAnswers>;
  /** Present when the page has a form (its own, or the footer's "Start over"). */
  csrfToken: string | undefined;
  notice: Notice | undefined;
  /** The session inspector panel; undefined when SESSION_INSPECTOR is off. */
  inspector: Inspector | undefined;
}

export interface HomePage {
  title: string;
}

export interface StepPage {
  title: string;
  heading: string;
  /** Where the form posts: the step's own path. */
  action: string;
  stepNumber: number;
  stepCount: number;
  previous: { path: string; label: string };
  errors: readonly FieldError[];
  fields: (Field & { value: string; error: string | undefined })[];
}

export interface SummaryPage {
  title: string;
  rows: ReturnType<typeof labelledAnswers>;
}

export interface HowItWorksPage {
  title: string;
  /** The visitor's session as the inspector sees it; undefined before the session middleware (never, in practice). */
  session: Inspector | undefined;
}

export interface ErrorPage {
  title: string;
  message: string;
  status: number;
  /** The stack trace, outside production only. */
  detail: string | undefined;
}

/** Every view and the model it takes. */
export interface ViewModels {
  home: HomePage;
  step: StepPage;
  summary: SummaryPage;
  'how-it-works': HowItWorksPage;
  error: ErrorPage;
}

export type ViewName = keyof ViewModels;

// What each view reads: the layout's needs (chrome) typed once, and one page model per view.
import type { FieldError } from '../flow/fields';
import type { FieldModel } from '../flow/form';
import type { AnswerRow, StoredSection } from '../flow/rows';
import type { Inspector } from '../inspector/model';
import type { Notice } from './notices';

/** What the layout (head, notice, footer, inspector partials) needs on every page, besides the page's own model. */
export interface Chrome {
  /** Each journey's part of the session that holds something, labelled, for the footer. */
  stored: readonly StoredSection[];
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
  /** Each rendered by its type's template, views/fields/<type>.ejs. */
  fields: readonly FieldModel[];
  /** A journey that is placed (the order) can be cancelled from any of its pages. */
  cancel: { action: string; button: string } | undefined;
}

/** A journey's check page: the lesson's "Now I know…", the order's "Check your answers" with "Place order". */
export interface CheckPage {
  title: string;
  heading: string;
  lead: string;
  back: { path: string; label: string } | undefined;
  rows: readonly AnswerRow[];
  placing: { action: string; button: string; cancelAction: string; cancelButton: string } | undefined;
}

/** The page shown once after placing an order. */
export interface DonePage {
  title: string;
  heading: string;
  reference: string;
  rows: readonly AnswerRow[];
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
  /** After a refused form: the first question of its journey. Otherwise the page leads home. */
  retryPath: string | undefined;
}

/** Every view and the model it takes. */
export interface ViewModels {
  home: HomePage;
  step: StepPage;
  check: CheckPage;
  done: DonePage;
  'how-it-works': HowItWorksPage;
  error: ErrorPage;
}

export type ViewName = keyof ViewModels;

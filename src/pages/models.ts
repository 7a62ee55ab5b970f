// What each view reads: the layout's needs (chrome) typed once, and one page model per view.
import type { FieldError } from '../flow/fields';
import type { AnswerRow, StoredSection } from './answer-rows';
import type { FieldModel } from './field-models';
import type { Inspector, SessionView } from '../inspector/model';
import type { JourneyNoticeModel, UndoNotice } from './journey-notices';
import type { Notice } from './notices';
import type { SessionClock } from './session-clock';

/** What the layout (head, notice, footer, inspector partials) needs on every page, besides the page's own model. */
export interface Chrome {
  /** Each journey's part of the session that holds something, labelled, for the footer. */
  stored: readonly StoredSection[];
  /** Present when the page has a form (its own, or the footer's "Start over"). */
  csrfToken: string | undefined;
  notice: Notice | undefined;
  /** The session inspector panel; undefined when SESSION_INSPECTOR is off. */
  inspector: Inspector | undefined;
  /** When the live session ends, idle and for good (views/partials/clock.ejs); undefined without a live session. */
  clock: SessionClock | undefined;
  /** A journey's own one-time notice (cancelled, sent already, done page shown already), in words. */
  journeyNotice?: JourneyNoticeModel | undefined;
  /** On a page of a journey whose last change dropped answers: what was removed, and Undo. */
  undo?: UndoNotice | undefined;
}

export interface HomePage {
  title: string;
  /** Each journey served, in the registry's order, with a link to its first step (the first one is the main button). */
  journeys: readonly { heading: string | undefined; text: string | undefined; button: string; href: string; primary: boolean }[];
}

export interface StepPage {
  title: string;
  heading: string;
  /** Where the form posts: the step's own path. */
  action: string;
  /** "Question 2 of 3": only for a journey that never branches, whose count cannot change (none for one that does, as GOV.UK advises). */
  counter: { number: number; count: number } | undefined;
  previous: { href: string; label: string };
  errors: readonly FieldError[];
  /** Each rendered by its type's template, views/fields/<type>.ejs. */
  fields: readonly FieldModel[];
  /** A journey that is placed (the order) can be cancelled from any of its pages once it holds an answer. */
  cancel: { action: string; button: string; journeyLabel: string } | undefined;
  /** The fingerprint of the step's stored answers the form was rendered with (the hidden `_seen`). */
  seen: string;
  /** The 409 page: the answer another tab stored since (this form holds what this visitor typed). */
  conflict: { rows: readonly { label: string; value: string }[]; keepHref: string } | undefined;
}

/** A journey's check page: the lesson's "Now I know…", the order's "Check your answers" with "Place order". */
export interface CheckPage {
  title: string;
  heading: string;
  lead: string;
  back: { href: string; label: string } | undefined;
  rows: readonly AnswerRow[];
  /** The page's own "Start over" beside the answers (a journey that sends nothing); the footer's is then not repeated. */
  startOverInPage: boolean;
  /** `submission`: this rendering's id for the hidden `_submission` (the same form sent twice sends once). */
  placing: { action: string; button: string; cancelAction: string; cancelButton: string; submission: string } | undefined;
}

/** The page shown once after placing an order. */
export interface DonePage {
  title: string;
  heading: string;
  reference: string;
  rows: readonly AnswerRow[];
  /** Above the rows ("What you ordered"). */
  sentHeading: string;
  /** Below them: the page is shown once. */
  note: string;
  /** The journey's own sending has not finished yet: the page says so, and is not used up. */
  pending?: boolean;
  /** The lasting receipt's address (/receipts/<token>), readable without a session for 30 days. */
  receiptUrl?: string;
}

/** A receipt, read from its token (routes/receipts.ts): no session needed. */
export interface ReceiptPage {
  title: string;
  /** The journey's label ("Your pizza order"). */
  journeyLabel: string;
  reference: string;
  rows: readonly { label: string; value: string }[];
  issuedAt: { iso: string; text: string };
  /** When the link stops working: 30 days after it was issued. */
  expiresAt: { iso: string; text: string };
}

/** A journey's task list: each section's status, worked out from the answers, then the check page's task. */
export interface TaskListPage {
  title: string;
  heading: string;
  /** "You have completed 1 of 3 tasks." (the check page's task not counted). */
  completed: { done: number; of: number };
  /** `href` undefined: the task cannot start yet, and is shown without a link. */
  tasks: readonly { id: string; title: string; status: string; statusText: string; href: string | undefined }[];
  cancel: { action: string; button: string } | undefined;
}

/** A collection's list page: its items with Change and Remove links, then "add another?" while there is room. */
export interface CollectionPage {
  title: string;
  heading: string;
  action: string;
  previous: { href: string; label: string };
  items: readonly { name: string; details: string; changeHref: string; removeHref: string }[];
  /** At its most items: says so, and the form asks nothing. */
  full: string | undefined;
  errors: readonly FieldError[];
  /** The "add another?" radios (none when full). */
  fields: readonly FieldModel[];
  cancel: { action: string; button: string } | undefined;
}

export interface HowItWorksPage {
  title: string;
  /** The visitor's session in words and figures; undefined before the session middleware (never, in practice). */
  session: SessionView | undefined;
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
  'task-list': TaskListPage;
  'collection-list': CollectionPage;
  receipt: ReceiptPage;
  error: ErrorPage;
}

export type ViewName = keyof ViewModels;

// The journey as data: each step's URL, title and fields. One engine (routes/flow.ts) serves every entry.
import { paths } from './paths';

export interface Field {
  /** The form field's name, and the key its answer is stored under. */
  readonly name: string;
  /** Shown beside the input and in the footer ("First name: …"). */
  readonly label: string;
  /** How error messages name the answer ("Enter your first name"). */
  readonly noun: string;
  /** The browser's autofill hint (https://html.spec.whatwg.org/#autofill-field). */
  readonly autocomplete?: string;
  readonly hint?: string;
}

export interface Step {
  readonly path: string;
  /** The page's <title> and <h1>. */
  readonly title: string;
  readonly fields: readonly Field[];
}

/** Every answer is 1 to this many characters (Unicode code points) after trimming. */
export const MAX_ANSWER_LENGTH = 100;

/** The question pages, in order. Add a question here; the router, guards, footer and summary follow. */
export const steps: readonly Step[] = [
  {
    path: paths.firstStep,
    title: 'What is your name?',
    fields: [
      { name: 'firstName', label: 'First name', noun: 'your first name', autocomplete: 'given-name' },
      { name: 'lastName', label: 'Last name', noun: 'your last name', autocomplete: 'family-name' },
    ],
  },
  {
    path: '/page2',
    title: 'What is your favourite colour?',
    fields: [
      {
        name: 'favoriteColor',
        label: 'Favourite colour',
        noun: 'your favourite colour',
        hint: 'Any colour at all, in any words you like.',
      },
    ],
  },
];

export const allFields: readonly Field[] = steps.flatMap((step) => step.fields);

// The answers as people read them (view models): rows for the check page, the footer, the inspector and the "done" page.
import { writtenDate } from '../flow/dates';
import { isItemList, itemName, itemsOf } from '../flow/collection';
import { askedFields, stepUrl, type Answers, type Collection, type Field, type Journey, type ScalarAnswer, type Step } from '../flow/journey';
import { pathOf } from '../flow/path';
import { journeyStates, type JourneyState } from '../flow/state';

export interface AnswerRow {
  /** The field's name (the key in the session). */
  readonly field: string;
  readonly label: string;
  /** The answer in words: an option's label, the choices joined, a number as digits. */
  readonly value: string;
  /** The step that asks it: the check page's "Change" link. */
  readonly href: string;
  /** Completes the link's hidden text for screen readers, from the field's label ("Change size", "Change first name"). */
  readonly changeText: string;
}

/** Every answer on the path, in the order the path asks them. */
export function answerRows(journey: Journey, answers: Answers): AnswerRow[] {
  const rows: AnswerRow[] = [];
  for (const step of pathOf(journey, answers)) {
    if (step.collection) {
      rows.push(...itemRows(journey, step, step.collection, answers));
      continue;
    }
    for (const field of askedFields(step, answers)) {
      const answer = answers[field.name];
      if (!Object.hasOwn(answers, field.name) || answer === undefined || isItemList(answer)) continue;
      rows.push({ field: field.name, label: field.label, value: displayValue(field, answer, journey.notGiven), href: stepUrl(journey, step), changeText: lowerFirst(field.label) });
    }
  }
  return rows;
}

/**
 * A collection's items, one row each: the item's name, its other answers labelled ("Dietary needs: None"), and a "Change" link to its own page
 * (`/party/guests/<id>`).
 */
export function itemRows(journey: Journey, step: Step, collection: Collection, answers: Answers): AnswerRow[] {
  const others = collection.fields.filter((field) => field.name !== collection.itemLabel);
  return itemsOf(collection, answers).map((item) => {
    const name = itemName(collection, item);
    const details = others.flatMap((field) => {
      const answer = item[field.name];
      if (answer === undefined) return [];
      const words = displayValue(field, answer, journey.notGiven);
      return [`${field.label}: ${words}`];
    });
    return {
      field: collection.name,
      label: name,
      value: details.join('; '),
      href: `${stepUrl(journey, step)}/${item.id}`,
      changeText: name,
    };
  });
}

/** "Size" → "size", "First name" → "first name"; a word in capitals stays ("UK postcode"). */
export function lowerFirst(label: string): string {
  const [first = '', second = ''] = Array.from(label);
  return second !== '' && second === second.toUpperCase() && second !== second.toLowerCase() ? label : first.toLowerCase() + label.slice(first.length);
}

/** An answer in words; an optional one not given in the field's word, else the journey's, else "Not given". */
export function displayValue(field: Field, answer: ScalarAnswer, notGiven?: string): string {
  if (answer === null) return field.notGiven ?? notGiven ?? 'Not given';
  switch (field.type) {
    case 'date':
      return typeof answer === 'string' ? writtenDate(answer) : String(answer);
    case 'radios':
      return field.options.find((o) => o.value === answer)?.label ?? String(answer);
    case 'checkboxes': {
      const chosen = Array.isArray(answer) ? field.options.filter((o) => answer.includes(o.value)).map((o) => o.label) : [];
      return chosen.length === 0 ? field.noneLabel : chosen.join(', ');
    }
    default:
      return typeof answer === 'string' || typeof answer === 'number' ? String(answer) : answer.join(', ');
  }
}

/** One journey's part of the session, labelled, for the footer and the inspector. */
export interface StoredSection {
  readonly journey: Journey['id'];
  readonly label: string;
  readonly rows: readonly AnswerRow[];
  /** An order placed and not shown yet. */
  readonly placedReference: string | undefined;
}

/** The footer's sections: each journey that holds something, in the order given. */
export function storedSections(entries: readonly { journey: Journey; state: JourneyState }[]): StoredSection[] {
  return entries
    .map(({ journey, state }) => ({
      journey: journey.id,
      label: journey.label,
      rows: answerRows(journey, state.answers),
      placedReference: state.placed?.reference,
    }))
    .filter((section) => section.rows.length > 0 || section.placedReference !== undefined);
}

/** The footer's and the inspector's view of the session: each of `journeys` that holds something, labelled. */
export function storedSectionsOf(journeys: readonly Journey[], rawJourneys: unknown): StoredSection[] {
  return storedSections(journeyStates(journeys, rawJourneys));
}

/** What the done page shows: the reference and what was ordered (the path's answers, as the check page listed them). */
export function receiptOf(journey: Journey, state: JourneyState): { reference: string; rows: AnswerRow[] } | undefined {
  if (state.placed === undefined) return undefined;
  return { reference: state.placed.reference, rows: answerRows(journey, state.placed.answers) };
}

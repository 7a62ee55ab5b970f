// Pure view models: what a step's form shows, field by field (values, ticks, hints, errors and the ids that tie them together).
import { formValueOf, isDateParts, type FieldError, type FormValue } from '../flow/fields';
import { revealedFields, type Answers, type Field, type FieldType } from '../flow/journey';

export interface ChoiceModel {
  readonly id: string;
  readonly value: string;
  readonly label: string;
  readonly checked: boolean;
  /** The fields this option reveals, shown under it (without JavaScript, always; asked only when it is chosen). */
  readonly revealed: readonly FieldModel[];
  /** The id of the block that holds them (for aria-controls), undefined when it reveals none. */
  readonly revealedId: string | undefined;
}

/** One box of a date: its name in the form (`when-day`), its id, its label and what is in it. */
export interface DatePartModel {
  readonly id: string;
  readonly name: string;
  readonly label: string;
  readonly value: string;
  /** Characters wide: 2 for day and month, 4 for the year. */
  readonly width: number;
}

/** One field as its template (views/fields/<type>.ejs) renders it. */
export interface FieldModel {
  readonly type: FieldType;
  /** The input's id, and the error summary's link target: for radios and checkboxes, the first option's; for a date, its day's. */
  readonly id: string;
  readonly name: string;
  /** The label or legend: the field's label, or on a page of one question, the question itself (the page's heading). */
  readonly label: string;
  /** True when the label is the page's heading (an <h1> inside the label or legend), as GOV.UK's pattern does. */
  readonly isPageHeading: boolean;
  readonly optional: boolean;
  readonly hint: string | undefined;
  readonly hintId: string;
  readonly error: string | undefined;
  readonly errorId: string;
  /** The hint's and the error's ids, for aria-describedby; undefined when there is neither. */
  readonly describedBy: string | undefined;
  readonly autocomplete: string | undefined;
  /** Text, textarea and number: what is in the box. */
  readonly value: string;
  /** Radios and checkboxes: each option, ticked or not. */
  readonly choices: readonly ChoiceModel[];
  /** A date: its day, month and year boxes. */
  readonly parts: readonly DatePartModel[];
}

export interface FieldModelOptions {
  /** The label of the only question on the page becomes its heading: pass the page's title here. */
  readonly pageHeading?: string;
}

/** The form's fields, filled from `values` (what was sent, on a 422) and marked with their errors. */
export function fieldModels(
  fields: readonly Field[],
  values: Readonly<Record<string, FormValue>>,
  errors: readonly FieldError[] = [],
  options: FieldModelOptions = {},
): FieldModel[] {
  return fields.map((field) => fieldModel(field, values, errors, fields.length === 1 ? options.pageHeading : undefined));
}

function fieldModel(field: Field, values: Readonly<Record<string, FormValue>>, errors: readonly FieldError[], pageHeading: string | undefined): FieldModel {
  const value = values[field.name] ?? formValueOf(field, undefined);
  const error = errors.find((e) => e.field === field.name)?.message;
  const hintId = `${field.name}-hint`;
  const errorId = `${field.name}-error`;
  const describedBy = [field.hint === undefined ? '' : hintId, error === undefined ? '' : errorId].filter(Boolean).join(' ');
  const choices =
    field.type === 'radios' || field.type === 'checkboxes'
      ? field.options.map((option, index) => {
          const reveals = 'reveals' in option ? (option.reveals ?? []) : [];
          return {
            // The first option takes the field's own id, so the error summary's link lands on it.
            id: index === 0 ? field.name : `${field.name}-${option.value}`,
            value: option.value,
            label: option.label,
            checked: Array.isArray(value) ? value.includes(option.value) : value === option.value,
            revealed: reveals.map((revealed) => fieldModel(revealed, values, errors, undefined)),
            revealedId: reveals.length > 0 ? `${field.name}-${option.value}-revealed` : undefined,
          };
        })
      : [];
  const date = isDateParts(value) ? value : { day: '', month: '', year: '' };
  const parts =
    field.type === 'date'
      ? [
          // The day's box takes the field's own id, so the error summary's link lands on it.
          { id: field.name, name: `${field.name}-day`, label: 'Day', value: date.day, width: 2 },
          { id: `${field.name}-month`, name: `${field.name}-month`, label: 'Month', value: date.month, width: 2 },
          { id: `${field.name}-year`, name: `${field.name}-year`, label: 'Year', value: date.year, width: 4 },
        ]
      : [];
  return {
    type: field.type,
    id: field.name,
    name: field.name,
    label: pageHeading ?? field.label,
    isPageHeading: pageHeading !== undefined,
    optional: field.optional === true,
    hint: field.hint,
    hintId,
    error,
    errorId,
    describedBy: describedBy === '' ? undefined : describedBy,
    autocomplete: 'autocomplete' in field ? field.autocomplete : undefined,
    value: typeof value === 'string' ? value : '',
    choices,
    parts,
  };
}

/** Stored answers as the form shows them again (prefilled, when the visitor comes back to change them), revealed fields included. */
export function formValuesOf(fields: readonly Field[], answers: Answers): Record<string, FormValue> {
  return Object.fromEntries(fields.flatMap((field) => [field, ...revealedFields(field)]).map((field) => [field.name, formValueOf(field, answers[field.name])]));
}

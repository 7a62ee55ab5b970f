// Pure: what a step's form shows, field by field (values, ticks, hints, errors and the ids that tie them together).
import { formValueOf, type Answers, type FieldError, type FormValue } from './fields';
import type { Field, FieldType } from './journey';

export interface ChoiceModel {
  readonly id: string;
  readonly value: string;
  readonly label: string;
  readonly checked: boolean;
}

/** One field as its template (views/fields/<type>.ejs) renders it. */
export interface FieldModel {
  readonly type: FieldType;
  /** The input's id, and the error summary's link target: for radios and checkboxes, the first option's. */
  readonly id: string;
  readonly name: string;
  readonly label: string;
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
}

/** The form's fields, filled from `values` (what was sent, on a 422) and marked with their errors. */
export function fieldModels(fields: readonly Field[], values: Readonly<Record<string, FormValue>>, errors: readonly FieldError[] = []): FieldModel[] {
  return fields.map((field) => {
    const value = values[field.name] ?? (field.type === 'checkboxes' ? [] : '');
    const error = errors.find((e) => e.field === field.name)?.message;
    const hintId = `${field.name}-hint`;
    const errorId = `${field.name}-error`;
    const describedBy = [field.hint === undefined ? '' : hintId, error === undefined ? '' : errorId].filter(Boolean).join(' ');
    const choices =
      field.type === 'radios' || field.type === 'checkboxes'
        ? field.options.map((option, index) => ({
            // The first option takes the field's own id, so the error summary's link lands on it.
            id: index === 0 ? field.name : `${field.name}-${option.value}`,
            value: option.value,
            label: option.label,
            checked: Array.isArray(value) ? value.includes(option.value) : value === option.value,
          }))
        : [];
    return {
      type: field.type,
      id: field.name,
      name: field.name,
      label: field.label,
      hint: field.hint,
      hintId,
      error,
      errorId,
      describedBy: describedBy === '' ? undefined : describedBy,
      autocomplete: 'autocomplete' in field ? field.autocomplete : undefined,
      value: typeof value === 'string' ? value : '',
      choices,
    };
  });
}

/** Stored answers as the form shows them again (prefilled, when the visitor comes back to change them). */
export function formValuesOf(fields: readonly Field[], answers: Answers): Record<string, FormValue> {
  return Object.fromEntries(fields.map((field) => [field.name, field.type === 'checkboxes' && answers[field.name] === undefined ? [] : formValueOf(answers[field.name])]));
}

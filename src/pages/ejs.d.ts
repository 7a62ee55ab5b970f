// Types for the one function of ejs this app calls itself (ejs ships none).
declare module 'ejs' {
  interface CompileOptions {
    /** Named in error messages (with the line). */
    filename: string;
  }

  export type TemplateFunction = (data: object) => string;

  export function compile(text: string, options: CompileOptions): TemplateFunction;

  /** The tests compare our compiled views with EJS's own rendering, includes and all. */
  export function render(text: string, data: object, options: CompileOptions & { root: string }): string;
}

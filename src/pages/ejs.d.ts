// Types for the one function of ejs this app calls itself (ejs ships none).
declare module 'ejs' {
  interface CompileOptions {
    /** Named in error messages (with the line). */
    filename: string;
    /** Where includes written from the views root ('/fields/text') are found. */
    root: string;
    /** Keep the templates it includes, compiled, by file name. */
    cache?: boolean;
    /** false: no `with (locals)` around the page's code (it reads `locals.x`, or the names below). */
    _with?: boolean;
    /** Names read from the data into variables of the same name, once, at the top of the function. */
    destructuredLocals?: readonly string[];
  }

  export type TemplateFunction = (data: object) => string;

  export function compile(text: string, options: CompileOptions): TemplateFunction;

  /** The tests render views and field templates the plain way, includes and all. */
  export function renderFile(
    file: string,
    data: object,
    options: { root: string; cache: boolean },
    callback: (err: Error | null, html?: string) => void,
  ): void;
}

// Types for the one function of ejs this app calls itself (ejs ships none; Express calls the rest).
declare module 'ejs' {
  interface RenderFileOptions {
    /** Where includes written as absolute paths ('/partials/head') are looked up. */
    root: string;
    /** Keep compiled templates (by file name). */
    cache: boolean;
  }

  export function renderFile(
    file: string,
    data: object,
    options: RenderFileOptions,
    callback: (err: Error | null, html?: string) => void,
  ): void;
}

// Each page is compiled once with its partials written in (src/pages/views.ts): the HTML must be exactly what
// EJS makes of the same view with its includes, for every view, in every state the layout has.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { render } from 'ejs';
import express from 'express';
import { labelledAnswers } from '../../src/flow/answers';
import { steps } from '../../src/flow/steps';
import { buildInspector, type InspectorFacts } from '../../src/inspector/model';
import type { Chrome, ViewModels, ViewName } from '../../src/pages/models';
import { compileView, inlinePartials, useViews } from '../../src/pages/views';

const viewsDir = path.join(__dirname, '..', '..', 'views');
const answers = { firstName: 'Ada <b>&</b> "quoted"', lastName: "O'Lovelace", favoriteColor: 'teal' };
const stored = labelledAnswers(answers);

const facts: InspectorFacts = {
  mode: 'server',
  storeKind: 'memory',
  cookieName: 'flow.sid',
  idleMs: 30 * 60_000,
  absoluteMs: 12 * 60 * 60_000,
  createdAt: Date.UTC(2026, 0, 2, 3, 0),
  secureRequest: false,
  sessionId: 'an-id',
  stored,
  hasCsrfToken: true,
  keptData: { answers, note: '<script>' },
  now: Date.UTC(2026, 0, 2, 3, 4),
};

const chromes: Chrome[] = [
  { stored, csrfToken: 'token"&', notice: 'expired', inspector: buildInspector(facts) },
  { stored: [], csrfToken: undefined, notice: 'startedOver', inspector: buildInspector({ ...facts, sessionId: undefined, createdAt: undefined, stored: [], keptData: undefined }) },
  { stored, csrfToken: 'token', notice: undefined, inspector: buildInspector({ ...facts, mode: 'cookie', storeKind: 'cookie', secureRequest: true }) },
  { stored, csrfToken: 'token', notice: undefined, inspector: undefined },
];

const step = steps[0]!;
const models: { [V in ViewName]: ViewModels[V][] } = {
  home: [{ title: 'Home' }],
  step: [
    {
      title: 'Error: Q',
      heading: 'Q',
      action: step.path,
      stepNumber: 1,
      stepCount: steps.length,
      previous: { path: '/', label: 'Home' },
      errors: [{ field: step.fields[0]!.name, message: 'Enter <it>' }],
      fields: step.fields.map((field, i) => ({ ...field, value: i === 0 ? '<v>' : '', error: i === 0 ? 'Enter <it>' : undefined })),
    },
  ],
  summary: [{ title: 'Now I know…', rows: stored }],
  'how-it-works': chromes.map((chrome) => ({ title: 'How', session: chrome.inspector })),
  error: [
    { title: 'E', message: 'm', status: 403, detail: undefined },
    { title: 'E', message: 'm', status: 500, detail: 'Error: <stack>' },
  ],
};

/** What every view reads from app.locals, as useViews sets it. */
function locals(sessionMode: 'server' | 'cookie'): Express.Locals {
  const app = express();
  useViews(app, { cache: false, idleMinutes: 1, absoluteMinutes: 720, sessionMode });
  return app.locals;
}

describe('views compiled with their partials written in', () => {
  for (const view of Object.keys(models) as ViewName[]) {
    test(`${view}: the same HTML as EJS with includes`, () => {
      const file = path.join(viewsDir, `${view}.ejs`);
      const compiled = compileView(file);
      for (const model of models[view]) {
        for (const [sessionMode, chrome] of chromes.map((c, i) => [i === 2 ? 'cookie' : 'server', c] as const)) {
          const data = { ...chrome, ...model, ...locals(sessionMode) };
          const expected = render(readFileSync(file, 'utf8'), data, { filename: file, root: viewsDir });
          expect(compiled(data)).toBe(expected);
        }
      }
    });
  }

  test('refuses an include it cannot write in as it is', () => {
    expect(() => inlinePartials("<%- include('/partials/notice', { notice: other }) %>")).toThrow(/renames notice/);
    expect(() => inlinePartials("<%- include('partials/notice') %>")).toThrow(/could not be written in/);
  });
});

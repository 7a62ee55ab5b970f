// The layering rules `npm run lint` checks (see the README's code map). Each layer imports only from the
// layers below it; flow, the pure engine, imports neither http nor session; no import cycles anywhere.
//
//   src/server.ts, src/cluster.ts   process (top)
//   src/app.ts                      createApp: builds the services and hands them to the routers
//   src/routes/                     handlers
//   src/pages/                      a page in its layout, notices, error pages, page models
//   src/inspector/                  the session inspector
//   src/flow/                       the journey engine (pure)
//   src/session/                    sessions and their stores
//   src/http/                       generic HTTP plumbing: cookies, CSRF, request guards (never session/)
//   src/config.ts                   settings
//   src/util/                       plain helpers (bottom)

/** From the bottom up: a layer may import only from those before it in this list. */
const layers = [
  { name: 'util', path: '^src/util/' },
  { name: 'config', path: '^src/config\\.ts$' },
  { name: 'http', path: '^src/http/' },
  { name: 'session', path: '^src/session/' },
  { name: 'flow', path: '^src/flow/', peers: ['http', 'session'] },
  { name: 'inspector', path: '^src/inspector/' },
  { name: 'pages', path: '^src/pages/' },
  { name: 'routes', path: '^src/routes/' },
  { name: 'app', path: '^src/app\\.ts$' },
  { name: 'process', path: '^src/(server|cluster)\\.ts$' },
];

const layerRules = layers.map((layer, index) => {
  const notBelow = layers.slice(index + 1).concat(layers.filter((other) => (layer.peers ?? []).includes(other.name)));
  return {
    name: `${layer.name}-imports-only-below`,
    severity: 'error',
    comment: `${layer.name} may import only from the layers below it (see .dependency-cruiser.cjs and the README's code map).`,
    from: { path: layer.path },
    to: { path: notBelow.map((other) => other.path) },
  };
}).filter((rule) => rule.to.path.length > 0);

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'An import cycle means two modules are one layer in disguise: split or merge them.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      comment: 'An import that resolves to nothing.',
      from: {},
      to: { couldNotResolve: true },
    },
    {
      name: 'http-never-imports-session',
      severity: 'error',
      comment: 'http/ is generic HTTP plumbing: what it needs from a session (its id, for the form token) is handed to it as a function by createApp.',
      from: { path: '^src/http/' },
      to: { path: '^src/session/' },
    },
    {
      name: 'inspector-shows-what-pages-hand-it',
      severity: 'error',
      comment:
        'The inspector shows what the page hands it (its answer rows, its token): it does not read the journeys itself, so it imports nothing from src/flow/, the registry included.',
      from: { path: '^src/inspector/' },
      to: { path: '^src/flow/' },
    },
    ...layerRules,
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true, // type-only imports count: a type from a higher layer is still a dependency on it
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '\\.d\\.ts$' },
  },
};

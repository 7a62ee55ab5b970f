import { ConfigError, loadConfig } from '../../src/config';

const base = { NODE_ENV: 'test' };

test('sessions live on the server and the inspector is shown unless a setting says otherwise', () => {
  const config = loadConfig(base);
  expect(config.sessionMode).toBe('server');
  expect(config.sessionInspector).toBe(true);
});

test('SESSION_MODE=cookie keeps the session in the cookie', () => {
  expect(loadConfig({ ...base, SESSION_MODE: 'cookie' }).sessionMode).toBe('cookie');
  expect(loadConfig({ ...base, SESSION_MODE: ' Cookie ' }).sessionMode).toBe('cookie');
});

test('an unknown SESSION_MODE stops the app with a clear message', () => {
  expect(() => loadConfig({ ...base, SESSION_MODE: 'database' })).toThrow(ConfigError);
  expect(() => loadConfig({ ...base, SESSION_MODE: 'database' })).toThrow(/SESSION_MODE must be "server" or "cookie"/);
});

test('SESSION_INSPECTOR=off hides the panel; on, true and 1 show it; anything else is refused', () => {
  expect(loadConfig({ ...base, SESSION_INSPECTOR: 'off' }).sessionInspector).toBe(false);
  expect(loadConfig({ ...base, SESSION_INSPECTOR: 'false' }).sessionInspector).toBe(false);
  expect(loadConfig({ ...base, SESSION_INSPECTOR: 'on' }).sessionInspector).toBe(true);
  expect(loadConfig({ ...base, SESSION_INSPECTOR: '1' }).sessionInspector).toBe(true);
  expect(() => loadConfig({ ...base, SESSION_INSPECTOR: 'maybe' })).toThrow(/SESSION_INSPECTOR must be "on" or "off"/);
});

import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('gives sensible defaults for an empty environment', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.databaseUrl).toBeNull();
    expect(c.dataDir.endsWith('.rapport')).toBe(true);
    expect(c.demo.enabled).toBe(true);
  });

  it('reads overrides', () => {
    const c = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://u@h/db',
      RAPPORT_DEMO: 'false',
      RAPPORT_DATA_DIR: '/tmp/x',
    });
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBe('postgres://u@h/db');
    expect(c.demo.enabled).toBe(false);
    expect(c.dataDir).toBe('/tmp/x');
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', RAPPORT_ADMIN_PASSWORD: 'short' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const problems = (err as ConfigError).problems.join('\n');
      expect(problems).toContain('PORT');
      expect(problems).toContain('DATABASE_URL');
      expect(problems).toContain('RAPPORT_ADMIN_PASSWORD');
    }
  });
});

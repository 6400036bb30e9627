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

  it('leaves e-mail off unless configured, and reads it when it is', () => {
    const off = loadConfig({});
    expect(off.smtpListen).toBeNull();
    expect(off.mailOut).toBeNull();
    expect(off.inboundMailDomain).toBeNull();
    const on = loadConfig({
      SMTP_LISTEN_PORT: '2525',
      SMTP_INBOUND_DOMAIN: 'Mail.Example.com',
      SMTP_URL: 'smtp://127.0.0.1:2526',
      MAIL_FROM: 'Seaside Hotel <care@seaside.example>',
    });
    expect(on.smtpListen).toEqual({ port: 2525, host: '127.0.0.1' });
    expect(on.inboundMailDomain).toBe('mail.example.com');
    expect(on.mailOut).toEqual({
      url: 'smtp://127.0.0.1:2526',
      from: 'Seaside Hotel <care@seaside.example>',
    });
  });

  it('refuses outgoing mail half configured or malformed', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2526' })).toThrow(/MAIL_FROM/);
    expect(() => loadConfig({ MAIL_FROM: 'care@seaside.example' })).toThrow(/SMTP_URL/);
    expect(() => loadConfig({ SMTP_URL: 'http://x', MAIL_FROM: 'not an address' })).toThrow(
      /SMTP_URL[\s\S]*MAIL_FROM|MAIL_FROM[\s\S]*SMTP_URL/,
    );
    expect(() => loadConfig({ SMTP_INBOUND_DOMAIN: 'not a domain' })).toThrow(/SMTP_INBOUND_DOMAIN/);
    expect(() => loadConfig({ PORT: 'eighty', SMTP_URL: 'smtp://127.0.0.1:2526' })).toThrow(
      /PORT[\s\S]*MAIL_FROM/,
    );
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

import assert from 'node:assert/strict';
import { randomBytes, scryptSync } from 'node:crypto';
import { describe, it } from 'node:test';
import { openSqliteStore } from '@flowsync/store';
import { AppError } from '../src/app-error.ts';
import {
  assertPasswordPolicy,
  ensureFirstAdmin,
  hashPassword,
  LoginThrottle,
  needsRehash,
  verifyPassword,
} from '../src/auth/index.ts';
import { ConfigError } from '../src/config.ts';

describe('password hashing', () => {
  it('hashes with scrypt, a random salt and the parameters inside a versioned string', async () => {
    const a = await hashPassword('correct horse battery staple');
    const b = await hashPassword('correct horse battery staple');
    assert.match(a, /^scrypt\$1\$N=32768,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
    assert.notEqual(a, b, 'each hash has its own salt');
    assert.ok(!a.includes('correct horse'));
    assert.equal(await verifyPassword('correct horse battery staple', a), true);
    assert.equal(await verifyPassword('correct horse battery staple', b), true);
    assert.equal(await verifyPassword('correct horse battery stapl', a), false);
    assert.equal(await verifyPassword('Correct horse battery staple', a), false);
    assert.equal(needsRehash(a), false);
  });

  it('verifies hashes made with other parameters, and flags them for re-hashing', async () => {
    const salt = randomBytes(16);
    const key = scryptSync('an older password', salt, 32, { N: 2 ** 14, r: 8, p: 1 });
    const old = `scrypt$1$N=16384,r=8,p=1$${salt.toString('base64url')}$${key.toString('base64url')}`;
    assert.equal(await verifyPassword('an older password', old), true);
    assert.equal(await verifyPassword('another password', old), false);
    assert.equal(needsRehash(old), true);
  });

  it('treats malformed or hostile stored hashes as a mismatch', async () => {
    const good = await hashPassword('correct horse battery staple');
    const [, , params, salt, key] = good.split('$');
    const variants = [
      '',
      'plaintext',
      `scrypt$2$${params}$${salt}$${key}`,
      `bcrypt$1$${params}$${salt}$${key}`,
      `scrypt$1$N=1000,r=8,p=1$${salt}$${key}`, // N not a power of two
      `scrypt$1$N=1073741824,r=8,p=1$${salt}$${key}`, // would allocate a terabyte
      `scrypt$1$${params}$${salt}$${key?.slice(0, 20)}`,
      `scrypt$1$${params}$$${key}`,
      `${good}$extra`,
    ];
    for (const variant of variants) {
      assert.equal(await verifyPassword('correct horse battery staple', variant), false, variant);
    }
  });

  it('requires at least 12 characters, naming the field', () => {
    assert.doesNotThrow(() => assertPasswordPolicy('twelve chars', 'password'));
    assert.throws(
      () => assertPasswordPolicy('eleven char', 'newPassword'),
      (error: unknown) => {
        assert.ok(error instanceof AppError);
        assert.equal(error.code, 'VALIDATION_FAILED');
        assert.deepEqual(error.issues, [
          { path: '/body/newPassword', message: 'newPassword must have at least 12 characters' },
        ]);
        return true;
      },
    );
    // Counted in characters, not UTF-16 units: 11 emoji are 22 units but still too short.
    assert.throws(() => assertPasswordPolicy('🔑'.repeat(11), 'password'), AppError);
  });
});

describe('login throttle', () => {
  it('refuses a key after 5 failures within 15 minutes, until the oldest failure ages out', () => {
    let now = 1_000_000;
    const throttle = new LoginThrottle({ now: () => now });
    for (let i = 0; i < 4; i++) {
      throttle.fail('ada@example.com');
      now += 60_000;
    }
    assert.equal(throttle.retryAfterMs('ada@example.com'), 0, 'four failures are allowed');
    throttle.fail('ada@example.com'); // the fifth, 4 minutes after the first
    assert.equal(throttle.retryAfterMs('ada@example.com'), 11 * 60_000);
    assert.equal(throttle.retryAfterMs('bob@example.com'), 0, 'other keys are unaffected');
    now += 11 * 60_000 - 1;
    assert.equal(throttle.retryAfterMs('ada@example.com'), 1);
    now += 1;
    assert.equal(throttle.retryAfterMs('ada@example.com'), 0, 'the first failure left the window');
    throttle.fail('ada@example.com');
    assert.ok(throttle.retryAfterMs('ada@example.com') > 0, 'five failures in the window again');
    throttle.reset('ada@example.com');
    assert.equal(throttle.retryAfterMs('ada@example.com'), 0);
  });

  it('forgets the least recent keys beyond its capacity', () => {
    let now = 0;
    const throttle = new LoginThrottle({ maxFailures: 1, maxKeys: 3, now: () => now });
    for (const key of ['a', 'b', 'c', 'd']) {
      throttle.fail(key);
      now += 1;
    }
    assert.equal(throttle.retryAfterMs('a'), 0, 'the oldest key was dropped');
    for (const key of ['b', 'c', 'd']) assert.ok(throttle.retryAfterMs(key) > 0, key);
  });
});

describe('first admin', () => {
  const secretKey = randomBytes(32);

  it('creates the admin from the configured email and password, once, without logging the password', async () => {
    const store = await openSqliteStore({ path: ':memory:', secretKey });
    try {
      const lines: string[] = [];
      const config = { adminEmail: 'boss@example.com', adminPassword: 'from the environment' };
      const first = await ensureFirstAdmin(store, config, (line) => lines.push(line));
      assert.deepEqual(first, { created: true, email: 'boss@example.com' });
      const admin = await store.users.getByEmail('boss@example.com');
      assert.equal(admin?.role, 'admin');
      assert.equal(admin?.disabled, false);
      assert.equal(await verifyPassword('from the environment', admin?.passwordHash ?? ''), true);
      assert.ok(lines.length > 0);
      assert.ok(
        lines.every((line) => !line.includes('from the environment')),
        'password never logged',
      );

      const again = await ensureFirstAdmin(store, config, (line) => lines.push(line));
      assert.deepEqual(again, { created: false, email: 'boss@example.com' });
      assert.equal(await store.users.count(), 1);
    } finally {
      await store.close();
    }
  });

  it('generates a strong password and returns it (not logs it) when none is configured', async () => {
    const store = await openSqliteStore({ path: ':memory:', secretKey });
    try {
      const lines: string[] = [];
      const result = await ensureFirstAdmin(store, { adminEmail: 'admin@flowsync.local' }, (l) =>
        lines.push(l),
      );
      assert.equal(result.created, true);
      const password = result.generatedPassword ?? '';
      assert.ok(password.length >= 20, 'a long random password');
      assert.ok(lines.every((line) => !line.includes(password)));
      const admin = await store.users.getByEmail('admin@flowsync.local');
      assert.equal(await verifyPassword(password, admin?.passwordHash ?? ''), true);
      const other = await openSqliteStore({ path: ':memory:', secretKey });
      const second = await ensureFirstAdmin(other, { adminEmail: 'admin@flowsync.local' }, () => {});
      await other.close();
      assert.notEqual(second.generatedPassword, password);
    } finally {
      await store.close();
    }
  });

  it('does nothing when users exist, and refuses a configured password that is too short', async () => {
    const store = await openSqliteStore({ path: ':memory:', secretKey });
    try {
      await assert.rejects(
        ensureFirstAdmin(store, { adminEmail: 'a@example.com', adminPassword: 'short' }, () => {}),
        (error: unknown) => error instanceof ConfigError && /FLOWSYNC_ADMIN_PASSWORD.*12/.test(error.message),
      );
      assert.equal(await store.users.count(), 0);
      await store.users.create({
        email: 'someone@example.com',
        name: 'Someone',
        role: 'viewer',
        passwordHash: 'x',
        disabled: false,
      });
      const result = await ensureFirstAdmin(store, { adminEmail: 'a@example.com' }, () => {});
      assert.deepEqual(result, { created: false, email: 'a@example.com' });
      assert.equal(await store.users.getByEmail('a@example.com'), null);
    } finally {
      await store.close();
    }
  });
});

import { useState, type FormEvent } from 'react';
import { describeError } from '../api/http.ts';
import { useSession } from '../state/session.ts';
import { Button, TextField } from '../ui/components.tsx';
import './sign-in.css';

export function SignInPage() {
  const signIn = useSession((s) => s.signIn);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    setError(undefined);
    try {
      await signIn(email.trim(), password);
    } catch (reason) {
      setError(describeError(reason));
      setBusy(false);
    }
  }

  return (
    <div className="sign-in">
      <form className="sign-in__card card" onSubmit={submit} aria-labelledby="sign-in-title" noValidate>
        <div className="sign-in__brand">
          <img src="/favicon.svg" alt="" width={36} height={36} />
          <div>
            <h1 id="sign-in-title">Sign in to flowsync</h1>
            <p className="muted">Integrations you can see, trust and fix.</p>
          </div>
        </div>
        <TextField
          label="Email"
          type="email"
          autoComplete="username"
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          required
          autoFocus
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="current-password"
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          required
        />
        {error && (
          <div className="sign-in__error" role="alert">
            {error}
          </div>
        )}
        <Button type="submit" variant="primary" busy={busy} disabled={!email || !password}>
          Sign in
        </Button>
        <p className="field__hint">
          First start? The command that started flowsync printed the admin email and a one-time password.
        </p>
      </form>
    </div>
  );
}

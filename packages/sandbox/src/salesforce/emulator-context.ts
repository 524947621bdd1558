import type { KeyObject } from 'node:crypto';
import type { FaultState } from '../shared/faults.ts';
import type { WebhookDispatcher } from '../shared/webhooks.ts';
import type { SalesforceState } from './salesforce-state.ts';

/** What the emulator's route modules share. */
export interface EmulatorContext {
  state: SalesforceState;
  faults: FaultState;
  webhooks: WebhookDispatcher;
  clientId: string;
  clientSecret: string;
  username: string;
  /** Verifies JWT bearer assertions (the connected app's uploaded certificate). */
  jwtPublicKey: KeyObject;
  adminToken: string;
  clock: () => number;
}

import type { EmulatorInstance } from '../shared/emulator-instance.ts';
export type { EmulatorInstance };

/** `https://host:port` of the request, as the client addressed the emulator. */
export function originOf(request: { protocol: string; host: string }): string {
  return `${request.protocol}://${request.host}`;
}

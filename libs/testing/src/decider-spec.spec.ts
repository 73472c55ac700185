import { describe, it } from '@jest/globals';
import { deciderSpec } from './decider-spec.js';

type Event = { type: 'Opened'; data: { id: string } } | { type: 'Closed'; data: { id: string; outcome: string } };
type Command = { type: 'Close'; id: string; outcome: string };
type State = { status: 'none' } | { status: 'open' } | { status: 'closed' };
class NotOpenError extends Error {}

const decide = (command: Command, state: State): Event[] => {
  if (state.status === 'closed') return [];
  if (state.status !== 'open') throw new NotOpenError(command.id);
  return [{ type: 'Closed', data: { id: command.id, outcome: command.outcome } }];
};
const evolve = (_: State, event: Event): State => (event.type === 'Opened' ? { status: 'open' } : { status: 'closed' });
const given = deciderSpec({ decide, evolve, initialState: (): State => ({ status: 'none' }) });
const opened: Event = { type: 'Opened', data: { id: 'x' } };
const close: Command = { type: 'Close', id: 'x', outcome: 'nfa' };

describe('the given-when-then helper', () => {
  it('folds the history and compares the decision', () =>
    given([opened])
      .when(close)
      .then([{ type: 'Closed', data: { id: 'x', outcome: 'nfa' } }]));

  it('expects an error class', () => given([]).when(close).thenThrows(NotOpenError));

  it('expects nothing to happen', () =>
    given([opened, { type: 'Closed', data: { id: 'x', outcome: 'nfa' } }])
      .when(close)
      .thenNothingHappens());
});

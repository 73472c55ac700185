import { expect } from '@jest/globals';

/**
 * Given-when-then for a pure decider: the story is told as events, the command is decided
 * against the folded state, and the result is compared with the events expected (or the
 * error class expected).
 *
 * ```ts
 * const given = deciderSpec({ decide: (c, s) => decide(c, s, now), evolve, initialState });
 * given([aCaseOpened()]).when(aRecordConsent()).then([aConsentRecorded()]);
 * ```
 */
export interface Decider<Command, Event, State> {
  decide(command: Command, state: State): Event[];
  evolve(state: State, event: Event): State;
  initialState(): State;
}

export interface DeciderSpecification<Command, Event> {
  when(command: Command): {
    then(expected: Event[]): void;
    thenNothingHappens(): void;
    thenThrows<E extends Error>(errorType: new (...args: never[]) => E, check?: (error: E) => void): void;
  };
}

export function deciderSpec<Command, Event, State>(
  decider: Decider<Command, Event, State>,
): (history?: Event[]) => DeciderSpecification<Command, Event> {
  return (history: Event[] = []) => ({
    when(command: Command) {
      const run = () => decider.decide(command, history.reduce(decider.evolve, decider.initialState()));
      return {
        then(expected: Event[]) {
          expect(run()).toEqual(expected);
        },
        thenNothingHappens() {
          expect(run()).toEqual([]);
        },
        thenThrows<E extends Error>(errorType: new (...args: never[]) => E, check?: (error: E) => void) {
          let thrown: unknown;
          try {
            run();
          } catch (error) {
            thrown = error;
          }
          expect(thrown).toBeInstanceOf(errorType);
          check?.(thrown as E);
        },
      };
    },
  });
}

/** One confirmation at a time (large orders, the kill switch): a question the dialog shows, answered once. */

/** What the dialog asks. */
export interface Question {
  title: string;
  message: string;
  confirmLabel: string;
  danger: boolean;
}

interface Pending extends Question {
  id: number;
  answer(ok: boolean): void;
}

export class ConfirmStore {
  current = $state.raw<Pending | undefined>(undefined);
  #nextId = 1;

  /** Shows the question; resolves true only if the user confirms. A newer question declines the older one. */
  ask(question: Question): Promise<boolean> {
    this.current?.answer(false);
    return new Promise((resolve) => {
      const id = this.#nextId++;
      this.current = {
        ...question,
        id,
        answer: (ok) => {
          if (this.current?.id === id) this.current = undefined;
          resolve(ok);
        },
      };
    });
  }
}

import type { ViewOutput } from '@slack/bolt';

/** Reads a submitted modal whose inputs use the same id for block and action (as our builders do). */
export function formValues(view: ViewOutput) {
  const value = (id: string) => view.state.values[id]?.[id];
  return {
    text: (id: string) => value(id)?.value ?? null,
    user: (id: string) => value(id)?.selected_user ?? null,
    date: (id: string) => value(id)?.selected_date ?? null,
    time: (id: string) => value(id)?.selected_time ?? null,
    conversation: (id: string) => value(id)?.selected_conversation ?? null,
    option: (id: string) => value(id)?.selected_option?.value ?? null,
  };
}

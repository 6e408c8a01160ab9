import type { AllMiddlewareArgs, SlackCommandMiddlewareArgs } from '@slack/bolt';
import { parseDelegateCommand } from '../../../domain/delegate-command';
import { helpMessage } from '../../blocks/help';

type Args = SlackCommandMiddlewareArgs & AllMiddlewareArgs;

export const onDelegateCommand =
  () =>
  async ({ ack, command, respond }: Args) => {
    await ack();
    const parsed = parseDelegateCommand(command.text);
    const problem = parsed.kind === 'error' ? parsed.error : undefined;
    await respond({ response_type: 'ephemeral', ...helpMessage(problem) });
  };

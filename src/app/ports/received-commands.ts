/** An inline `/delegate` capture as Slack sent it, acked and waiting for a worker. */
export interface ReceivedCommand {
  teamId: string;
  userId: string;
  channelId: string;
  text: string;
  /** Where the answer goes (Slack's response_url: 5 posts within 30 minutes). */
  responseUrl: string;
  triggerId: string;
  /** The instant the command stands for. */
  receivedAt: Date;
}

export interface ReceivedCommandKey {
  teamId: string;
  commandId: number;
}

export interface ReceivedCommandRepository {
  save(command: ReceivedCommand): Promise<number>;
  find(teamId: string, commandId: number): Promise<ReceivedCommand | undefined>;
  remove(teamId: string, commandId: number): Promise<void>;
  /** Commands stored longer ago than `olderThanMs` and still there (their job was lost), oldest first. */
  listStale(olderThanMs: number, limit: number): Promise<ReceivedCommandKey[]>;
}

/** Slack's documented size limits for messages, blocks and views. */
export const LIMITS = {
  messageBlocks: 50,
  viewBlocks: 100,
  sectionText: 3000,
  sectionFields: 10,
  sectionFieldText: 2000,
  headerText: 150,
  actionsElements: 25,
  contextElements: 10,
  actionId: 255,
  blockId: 255,
  buttonText: 75,
  buttonValue: 2000,
  messageText: 40_000,
  /** Total characters of text in a message's blocks (bolt-js #2509: msg_blocks_too_long). */
  messageBlocksTotalText: 13_200,
  privateMetadata: 3000,
  viewBytes: 250_000,
  callbackId: 255,
} as const;

export class SlackApiError extends Error {
  constructor(
    readonly code: string,
    readonly extra: Record<string, unknown> = {},
  ) {
    super(code);
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function textOf(obj: unknown): string | undefined {
  if (isRecord(obj) && typeof obj.text === 'string') return obj.text;
  return undefined;
}

/** Parses a `blocks` param (JSON string from a form body, or an array from a JSON body). */
export function parseBlocksParam(raw: unknown): unknown[] | undefined {
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      throw new SlackApiError('invalid_blocks', { response_metadata: { messages: ['[ERROR] invalid JSON'] } });
    }
  }
  if (!Array.isArray(value)) {
    throw new SlackApiError('invalid_blocks', { response_metadata: { messages: ['[ERROR] blocks must be an array'] } });
  }
  return value;
}

function invalid(message: string, code = 'invalid_blocks'): SlackApiError {
  return new SlackApiError(code, { response_metadata: { messages: [`[ERROR] ${message}`] } });
}

/** Validates blocks against Slack's limits; throws `invalid_blocks` (or `msg_blocks_too_long`). */
export function validateBlocks(blocks: unknown[], surface: 'message' | 'view'): void {
  const max = surface === 'message' ? LIMITS.messageBlocks : LIMITS.viewBlocks;
  if (blocks.length > max) throw invalid(`no more than ${max} items allowed [json-pointer:/blocks]`);
  let totalText = 0;
  const blockIds = new Set<string>();
  blocks.forEach((block, i) => {
    const at = `[json-pointer:/blocks/${i}]`;
    if (!isRecord(block) || typeof block.type !== 'string') throw invalid(`missing required field: type ${at}`);
    if (block.block_id !== undefined) {
      if (typeof block.block_id !== 'string' || block.block_id.length > LIMITS.blockId) {
        throw invalid(`invalid block_id ${at}`);
      }
      if (blockIds.has(block.block_id)) throw invalid(`duplicate block_id ${at}`);
      blockIds.add(block.block_id);
    }
    switch (block.type) {
      case 'section': {
        const text = textOf(block.text);
        const fields = Array.isArray(block.fields) ? block.fields : undefined;
        if (text === undefined && !fields) throw invalid(`must provide either text or fields ${at}`);
        if (text !== undefined) {
          if (text.length > LIMITS.sectionText) {
            throw invalid(
              `must be less than ${LIMITS.sectionText + 1} characters [json-pointer:/blocks/${i}/text/text]`,
            );
          }
          if (text.length === 0) throw invalid(`must be more than 0 characters [json-pointer:/blocks/${i}/text/text]`);
          totalText += text.length;
        }
        if (fields) {
          if (fields.length > LIMITS.sectionFields) throw invalid(`no more than 10 items allowed ${at}`);
          for (const f of fields) {
            const ft = textOf(f) ?? '';
            if (ft.length > LIMITS.sectionFieldText) throw invalid(`field text too long ${at}`);
            totalText += ft.length;
          }
        }
        if (block.accessory !== undefined) checkElement(block.accessory, `${at}/accessory`);
        break;
      }
      case 'header': {
        const text = textOf(block.text);
        if (text === undefined) throw invalid(`missing required field: text ${at}`);
        if (text.length > LIMITS.headerText) throw invalid(`must be less than 151 characters ${at}`);
        totalText += text.length;
        break;
      }
      case 'actions': {
        if (!Array.isArray(block.elements) || block.elements.length === 0) {
          throw invalid(`missing required field: elements ${at}`);
        }
        if (block.elements.length > LIMITS.actionsElements) throw invalid(`no more than 25 items allowed ${at}`);
        for (const el of block.elements) checkElement(el, at);
        break;
      }
      case 'context': {
        if (!Array.isArray(block.elements) || block.elements.length === 0) {
          throw invalid(`missing required field: elements ${at}`);
        }
        if (block.elements.length > LIMITS.contextElements) throw invalid(`no more than 10 items allowed ${at}`);
        for (const el of block.elements) totalText += (textOf(el) ?? '').length;
        break;
      }
      case 'input': {
        if (surface === 'message') break;
        if (!isRecord(block.label) || !isRecord(block.element))
          throw invalid(`missing required field: label/element ${at}`);
        checkElement(block.element, at);
        break;
      }
      default:
        break;
    }
  });
  if (surface === 'message' && totalText > LIMITS.messageBlocksTotalText) {
    throw new SlackApiError('msg_blocks_too_long');
  }
}

function checkElement(el: unknown, at: string): void {
  if (!isRecord(el) || typeof el.type !== 'string') throw invalid(`missing required field: type ${at}`);
  if (el.action_id !== undefined && (typeof el.action_id !== 'string' || el.action_id.length > LIMITS.actionId)) {
    throw invalid(`invalid action_id ${at}`);
  }
  if (el.type === 'button') {
    const text = textOf(el.text);
    if (text === undefined) throw invalid(`missing required field: text ${at}`);
    if (text.length > LIMITS.buttonText) throw invalid(`must be less than 76 characters ${at}`);
    if (typeof el.value === 'string' && el.value.length > LIMITS.buttonValue) {
      throw invalid(`must be less than 2001 characters ${at}`);
    }
  }
}

import type { Task } from '../../../../src/domain/task';
import { delegatedConfirmation, heldConfirmation } from '../../../../src/slack/blocks/capture';
import { channelParent } from '../../../../src/slack/blocks/channel';
import {
  doneNotice,
  droppedNotice,
  leadAnswer,
  offerAnswered,
  ownerOffer,
  reassignedToFormerOwner,
} from '../../../../src/slack/blocks/handoff';
import type { Message } from '../../../../src/slack/blocks/kit';
import { taskList } from '../../../../src/slack/blocks/list';
import { ANA, LEAD, NOW, ZONE } from './helpers';

const z = { timeZone: ZONE, now: NOW };

/** Every message builder about one task, with that task (held and delegated variants). */
export function taskMessages(held: Task, delegated: Task): Array<[string, Message]> {
  return [
    ['heldConfirmation', heldConfirmation(held, { nextPromptAt: new Date('2026-12-04T08:00:00Z'), ...z })],
    ['heldConfirmation (paused)', heldConfirmation(held, { nextPromptAt: null, ...z })],
    ['delegatedConfirmation', delegatedConfirmation(delegated, z)],
    ['ownerOffer', ownerOffer(delegated, z)],
    ['offerAnswered accepted', offerAnswered({ ...delegated, status: 'accepted' }, 'accepted', z)],
    ['offerAnswered handed_back', offerAnswered({ ...delegated, status: 'held', ownerId: null }, 'handed_back', z)],
    ['leadAnswer accepted', leadAnswer({ ...delegated, status: 'accepted' }, 'accepted', { ownerId: ANA, ...z })],
    [
      'leadAnswer handed_back',
      leadAnswer({ ...delegated, status: 'held', ownerId: null }, 'handed_back', {
        ownerId: ANA,
        reason: '<script>alert(1)</script> & <!here>',
        ...z,
      }),
    ],
    ['reassignedToFormerOwner', reassignedToFormerOwner({ ...delegated, ownerId: 'UBEN' }, { formerOwnerId: ANA })],
    ['droppedNotice', droppedNotice({ ...delegated, status: 'dropped' })],
    ['doneNotice', doneNotice({ ...delegated, status: 'done' }, { actorId: ANA })],
    ['channelParent offered', channelParent(delegated, z)],
    ['channelParent accepted', channelParent({ ...delegated, status: 'accepted' }, z)],
    ['channelParent held', channelParent({ ...delegated, status: 'held', ownerId: null }, z)],
    ['channelParent done', channelParent({ ...delegated, status: 'done' }, z)],
    ['channelParent dropped', channelParent({ ...delegated, status: 'dropped' }, z)],
    [
      'taskList',
      taskList(
        {
          held: [held],
          delegated: [delegated],
          owned: [{ ...delegated, id: delegated.id + 1, leadId: 'UBOSS', ownerId: LEAD }],
        },
        { viewerId: LEAD, ...z },
      ),
    ],
  ];
}

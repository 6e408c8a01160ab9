import { authTeamMethods } from './auth-team';
import { chatMethods } from './chat';
import type { MethodDef } from './context';
import { conversationMethods } from './conversations';
import { oauthMethods } from './oauth';
import { userMethods } from './users';
import { viewMethods } from './views';

export const METHODS: Record<string, MethodDef> = {
  ...authTeamMethods,
  ...userMethods,
  ...conversationMethods,
  ...chatMethods,
  ...viewMethods,
  ...oauthMethods,
};

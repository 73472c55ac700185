import { Configuration, setting } from '@lib/platform';

export const SERVICE_NAME = 'channel-panel';
/** The PostgreSQL schema this service owns: its event store and, later, its read models. */
export const SERVICE_SCHEMA = 'channel_panel';

export class ChannelPanelConfig extends Configuration('channelPanel', {
  port: setting.port('CHANNEL_PANEL_PORT').or('PORT').default(3002),
}) {}

import { describe, expect, it } from '@jest/globals';
import { describeServiceFoundation } from '@lib/testing';
import { AppModule } from '../src/app.module.js';
import { ChannelPanelConfig, SERVICE_NAME, SERVICE_SCHEMA } from '../src/config/channel-panel.config.js';

describeServiceFoundation({ module: AppModule, name: SERVICE_NAME, schema: SERVICE_SCHEMA, personalData: true });

describe('channel-panel configuration', () => {
  const PORT_VARIABLE = 'CHANNEL_PANEL_PORT';

  it('listens on its own port variable, then PORT, then its default', () => {
    expect(ChannelPanelConfig.load({ [PORT_VARIABLE]: '4100', PORT: '4200' }).port).toBe(4100);
    expect(ChannelPanelConfig.load({ PORT: '4200' }).port).toBe(4200);
    expect(ChannelPanelConfig.load({}).port).toBe(3002);
  });

  it('refuses a malformed port, naming the variable', () => {
    expect(() => ChannelPanelConfig.load({ [PORT_VARIABLE]: 'abc' })).toThrow(
      `Invalid configuration: ${PORT_VARIABLE} must be a port number (got "abc")`,
    );
  });
});

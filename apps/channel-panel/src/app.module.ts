import { Module } from '@nestjs/common';
import { PlatformModule } from '@lib/platform';
import { ChannelPanelConfig, SERVICE_NAME, SERVICE_SCHEMA } from './config/channel-panel.config.js';

@Module({
  imports: [
    PlatformModule.forRoot({
      name: SERVICE_NAME,
      schema: SERVICE_SCHEMA,
      personalData: true,
      configs: [ChannelPanelConfig],
    }),
  ],
})
export class AppModule {}

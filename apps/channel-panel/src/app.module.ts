import { Module } from '@nestjs/common';
import { PlatformModule } from '@lib/platform';
import { ReferenceDataModule } from './reference-data/reference-data.module.js';
import { ChannelCasesModule } from './channel-cases/channel-cases.module.js';
import {
  CHANNEL_PANEL_MESSAGING,
  ChannelCaseIntegrationModule,
} from './channel-cases/integration/channel-case-integration.module.js';
import { PanelReadModelsModule } from './channel-cases/read-models/panel-read-models.module.js';
import { PanelMeetingsModule } from './panel-meetings/panel-meetings.module.js';
import { ChannelPanelConfig, SERVICE_NAME, SERVICE_SCHEMA } from './config/channel-panel.config.js';

@Module({
  imports: [
    PlatformModule.forRoot({
      name: SERVICE_NAME,
      schema: SERVICE_SCHEMA,
      personalData: true,
      configs: [ChannelPanelConfig],
      messaging: CHANNEL_PANEL_MESSAGING,
    }),
    ChannelCasesModule,
    PanelMeetingsModule,
    ChannelCaseIntegrationModule,
    PanelReadModelsModule,
    ReferenceDataModule,
  ],
})
export class AppModule {}

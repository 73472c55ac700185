import 'reflect-metadata';
import { bootstrapService } from '@lib/platform';
import { AppModule } from './app.module.js';
import { ChannelPanelConfig, SERVICE_NAME } from './config/channel-panel.config.js';

await bootstrapService({ name: SERVICE_NAME, module: AppModule, config: ChannelPanelConfig });

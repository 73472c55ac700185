import { type DynamicModule, Module } from '@nestjs/common';
import { MessageTransport } from '@lib/messaging';
import { MessagingRuntime } from './messaging-runtime.js';
import { MESSAGING_OPTIONS, type MessagingOptions } from './messaging.options.js';
import { transportProvider } from './messaging.providers.js';

/**
 * Integration events for a service (ADR 050), through `PlatformModule.forRoot({ messaging })`:
 * the transport chosen by configuration, the service's relay and consumers started at boot and
 * stopped in order at shutdown, their metrics on the service's `/metrics`, and a readiness check.
 * Exports the `MessageTransport` and the runtime (for readiness).
 */
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingOptions = {}): DynamicModule {
    return {
      module: MessagingModule,
      providers: [{ provide: MESSAGING_OPTIONS, useValue: options }, transportProvider, MessagingRuntime],
      exports: [MessageTransport, MessagingRuntime],
    };
  }
}

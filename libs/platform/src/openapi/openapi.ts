import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';

export const OPENAPI_UI_PATH = 'api/docs';
export const OPENAPI_JSON_PATH = 'api/docs-json';

/**
 * Describes a service's HTTP API with OpenAPI, from its controllers and DTOs: the page at
 * `/api/docs`, the document at `/api/docs-json`. Both are served outside Nest's router and so
 * outside the access guard: they describe the API, they hold no data.
 */
export function setUpOpenApi(app: INestApplication, service: { name: string; description?: string }): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle(service.name)
    .setDescription(
      service.description ??
        `The ${service.name} API. Every route needs an OpenID Connect access token (bearer) unless marked otherwise; errors are RFC 9457 problem details.`,
    )
    .setVersion('1')
    .addBearerAuth()
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup(OPENAPI_UI_PATH, app, document, { jsonDocumentUrl: OPENAPI_JSON_PATH });
  return document;
}

import { ApiProperty } from '@nestjs/swagger';

export class InterventionProviderResponse {
  @ApiProperty({
    format: 'uuid',
    description: 'The provider’s account id: the `sub` of their tokens, and an intervention’s `providerId`',
  })
  id!: string;

  @ApiProperty({ example: 'intervention-provider.birmingham' })
  username!: string;
}

export class InterventionProviderListResponse {
  @ApiProperty({ type: [InterventionProviderResponse], description: 'Ordered by username' })
  items!: InterventionProviderResponse[];
}

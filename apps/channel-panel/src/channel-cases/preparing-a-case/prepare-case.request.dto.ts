import { REGIONS, type Region } from '@lib/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches } from 'class-validator';
import { AGENCIES, LAWFUL_BASES, type Agency, type LawfulBasis } from '../domain/channel-case.events.js';
import { AREA } from '../opening-a-case/open-case.request.dto.js';

export class TransferCaseRequest {
  @ApiProperty({ example: 'E08000025' })
  @Matches(AREA, { message: 'toArea must be an ONS local authority code' })
  toArea!: string;
  @ApiProperty({ enum: REGIONS }) @IsIn(REGIONS) toRegion!: Region;
  @ApiProperty({ description: 'Why (sealed)' }) @IsString() @Length(1, 5000) reason!: string;
}

export class RequestInformationRequest {
  @ApiProperty({ description: 'Chosen by the caller; names the request when its answer comes' })
  @Matches(/^[A-Za-z0-9._:-]{1,80}$/)
  requestId!: string;
  @ApiProperty({ enum: AGENCIES }) @IsIn(AGENCIES) partnerAgency!: Agency;
  @ApiProperty() @IsString() @Length(1, 200) organisation!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 200) contact?: string;
  @ApiProperty({ enum: LAWFUL_BASES }) @IsIn(LAWFUL_BASES) lawfulBasis!: LawfulBasis;
  @ApiProperty() @IsString() @Length(1, 20000) request!: string;
}

export class RecordInformationReceivedRequest {
  @ApiProperty({ enum: LAWFUL_BASES }) @IsIn(LAWFUL_BASES) lawfulBasis!: LawfulBasis;
  @ApiProperty() @IsString() @Length(1, 50000) information!: string;
}

export class ListCaseRequest {
  @ApiProperty({ description: 'The meeting of the case’s area' }) @IsUUID() meetingId!: string;
}

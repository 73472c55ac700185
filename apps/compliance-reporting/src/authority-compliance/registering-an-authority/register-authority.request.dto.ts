import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsString, Length, Matches } from 'class-validator';
import { AUTHORITY_TYPES, type AuthorityType } from '../domain/authority.codes.js';

/** An ONS GSS code: a local authority area (E06…, E07…, E08…, E09…, W06…) or a region (E12…, W92…). */
export const GSS_CODE = /^[EW]\d{8}$/;

/**
 * `POST /compliance/authorities`: a specified authority. An organisation, never a person: its name
 * is the body's name ("Park View Academy"), never a member of staff's.
 */
export class RegisterAuthorityRequest {
  @ApiProperty({ example: 'Birmingham City Council', description: 'The organisation’s name (no person’s name)' })
  @IsString()
  @Length(2, 200)
  name!: string;

  @ApiProperty({ enum: AUTHORITY_TYPES })
  @IsIn(AUTHORITY_TYPES)
  type!: AuthorityType;

  @ApiProperty({ example: 'E08000025', description: 'The local authority area it sits in (ONS GSS code)' })
  @Matches(GSS_CODE, { message: 'area must be an ONS GSS code' })
  area!: string;

  @ApiProperty({ example: 'E12000005', description: 'Its region (ONS GSS code)' })
  @Matches(GSS_CODE, { message: 'region must be an ONS GSS code' })
  region!: string;
}

import { GENDERS, REGIONS, SECTORS, type Gender, type Region, type Sector } from '@lib/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';

const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;
export const AREA = /^(E0[6-9]|W06)[0-9]{6}$/;

export class CodedValuesDto {
  @ApiProperty({ example: 'concern-types-2024' }) @Matches(CODE) @MaxLength(80) codeList!: string;
  @ApiProperty({ example: ['extreme-right-wing'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @Matches(CODE, { each: true })
  codes!: string[];
}

export class PersonNameDto {
  @ApiProperty() @IsString() @Length(1, 200) givenNames!: string;
  @ApiProperty() @IsString() @Length(1, 200) familyName!: string;
}

export class AddressDto {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMaxSize(8)
  @IsString({ each: true })
  @MaxLength(200, { each: true })
  lines!: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(10) postcode?: string;
}

/** A case the local authority opens itself (no police referral): the person and the statistical profile. */
export class OpenCaseRequest {
  @ApiProperty({ type: PersonNameDto }) @ValidateNested() @Type(() => PersonNameDto) name!: PersonNameDto;
  @ApiProperty({ example: '2009-03-04', description: 'Needed to apply the under-18 consent rule' })
  @IsISO8601({ strict: true })
  @Length(10, 10)
  dateOfBirth!: string;
  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
  @ApiProperty({ enum: GENDERS }) @IsIn(GENDERS) gender!: Gender;
  @ApiProperty({ example: 'E09000002' })
  @Matches(AREA, { message: 'area must be an ONS local authority code' })
  area!: string;
  @ApiProperty({ enum: REGIONS }) @IsIn(REGIONS) region!: Region;
  @ApiProperty({ enum: SECTORS, description: 'Sector the concern came from' }) @IsIn(SECTORS) sector!: Sector;
  @ApiProperty({ type: CodedValuesDto }) @ValidateNested() @Type(() => CodedValuesDto) concernTypes!: CodedValuesDto;
  @ApiProperty({ description: 'The concern, in free text (sealed)' }) @IsString() @Length(1, 20000) concern!: string;
}

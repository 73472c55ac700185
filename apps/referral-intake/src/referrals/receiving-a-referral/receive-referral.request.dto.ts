import { GENDERS, REGIONS, SECTORS, type Gender, type Region, type Sector } from '@lib/contracts';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsEmail,
  IsIn,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
  ValidateNested,
} from 'class-validator';
import { SUBJECT_AWARENESS, type SubjectAwareness } from '../domain/referral.events.js';

const AREA = /^(E0[6-9]|W06)[0-9]{6}$/;
const CODE = /^[a-z0-9]+(-[a-z0-9]+)*$/;

export class CodedValuesDto {
  @ApiProperty({ example: 'concern-types-2024' })
  @Matches(CODE)
  @MaxLength(80)
  codeList!: string;

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

export class IdentifierDto {
  @ApiProperty({ example: 'nhs-number' }) @Matches(CODE) scheme!: string;
  @ApiProperty() @IsString() @Length(1, 100) value!: string;
}

export class OnlineIdentityDto {
  @ApiProperty() @IsString() @Length(1, 100) platform!: string;
  @ApiProperty() @IsString() @Length(1, 200) handle!: string;
}

/** The person referred, as the referrer knows them. */
export class NewSubjectDto {
  @ApiProperty({ type: PersonNameDto }) @ValidateNested() @Type(() => PersonNameDto) name!: PersonNameDto;
  @ApiPropertyOptional({ type: [PersonNameDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => PersonNameDto)
  otherNames?: PersonNameDto[];
  @ApiPropertyOptional({ example: '2008-03-04' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10)
  dateOfBirth?: string;
  @ApiProperty({ enum: GENDERS }) @IsIn(GENDERS) gender!: Gender;
  @ApiProperty({ example: 'E08000025' })
  @Matches(AREA, { message: 'area must be an ONS local authority code' })
  area!: string;
  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) ethnicity?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(100) nationality?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @IsString({ each: true }) languages?: string[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(500) educationOrOccupation?: string;
  @ApiPropertyOptional({ type: [IdentifierDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => IdentifierDto)
  identifiers?: IdentifierDto[];
  @ApiPropertyOptional({ type: [OnlineIdentityDto] })
  @IsOptional()
  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => OnlineIdentityDto)
  onlineIdentities?: OnlineIdentityDto[];
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(2000) mentalHealthOrNeurodiversityNeeds?: string;
}

export class ReferrerDto {
  @ApiProperty() @IsString() @Length(1, 200) name!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) role?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) organisation?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(40) phone?: string;
  @ApiPropertyOptional() @IsOptional() @IsEmail() email?: string;
}

export class ConcernDto {
  @ApiProperty() @IsString() @Length(1, 20000) description!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) howItArose?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) warningSigns?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) complexNeeds?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) otherSafeguardingConcerns?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) otherAgenciesInvolved?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(20000) spokenToPersonOrParents?: string;
}

/** A referral keyed in by the police (or submitted through the partner form). */
export class ReceiveReferralRequest {
  @ApiPropertyOptional({ description: 'An earlier subject to link to, instead of a new one', format: 'uuid' })
  @IsOptional()
  @IsUUID()
  subjectId?: string;

  @ApiPropertyOptional({ type: NewSubjectDto, description: 'The person, when not linking an earlier subject' })
  @IsOptional()
  @ValidateNested()
  @Type(() => NewSubjectDto)
  subject?: NewSubjectDto;

  @ApiProperty({ enum: REGIONS }) @IsIn(REGIONS) region!: Region;
  @ApiProperty({ enum: SECTORS }) @IsIn(SECTORS) sector!: Sector;
  @ApiProperty({ type: CodedValuesDto }) @ValidateNested() @Type(() => CodedValuesDto) concernTypes!: CodedValuesDto;
  @ApiProperty({ enum: SUBJECT_AWARENESS }) @IsIn(SUBJECT_AWARENESS) subjectAware!: SubjectAwareness;
  @ApiProperty({ type: ReferrerDto }) @ValidateNested() @Type(() => ReferrerDto) referrer!: ReferrerDto;
  @ApiProperty({ type: ConcernDto }) @ValidateNested() @Type(() => ConcernDto) concern!: ConcernDto;
}

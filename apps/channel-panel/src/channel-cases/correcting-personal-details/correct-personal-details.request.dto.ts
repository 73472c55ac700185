import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsISO8601, IsOptional, IsString, Length, ValidateNested } from 'class-validator';
import { AddressDto, PersonNameDto } from '../opening-a-case/open-case.request.dto.js';

/** The person's details to correct on a case (at least one), and why. Each is sealed under the subject's key. */
export class CorrectPersonalDetailsRequest {
  @ApiPropertyOptional({ type: PersonNameDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => PersonNameDto)
  name?: PersonNameDto;
  @ApiPropertyOptional({ type: [PersonNameDto], description: 'Aliases and earlier spellings (replaces the list)' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => PersonNameDto)
  otherNames?: PersonNameDto[];
  @ApiPropertyOptional({ example: '2009-03-04', description: 'Needed to apply the under-18 consent rule' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Length(10, 10)
  dateOfBirth?: string;
  @ApiPropertyOptional({ type: AddressDto })
  @IsOptional()
  @ValidateNested()
  @Type(() => AddressDto)
  address?: AddressDto;
  @ApiProperty({ description: 'Where the correction comes from (sealed)' })
  @IsString()
  @Length(1, 5000)
  reason!: string;
}

namespace BandcampPS.Engine.Csv;

/// <summary>The first bad field of a row, before the reader adds the file name and line number.</summary>
internal readonly record struct CsvFieldProblem(CsvColumn Column, string RawValue, CsvRowErrorKind Kind, string Complaint);

namespace ChatArchive.Ingestion.WhatsApp;

/// <summary>The order of day, month and year in a WhatsApp header date.</summary>
public enum DateOrder
{
    DayMonthYear = 0,
    MonthDayYear = 1,
    YearMonthDay = 2,
}

/// <summary>The order decided for one file, and whether the file itself proved it.</summary>
public readonly record struct DateOrderDecision(DateOrder Order, bool Proven);

using System.Data.Common;

namespace ChatArchive.Persistence;

/// <summary>
/// A parameterised command on an open connection, the same on PostgreSQL and SQLite: each parameter is named
/// <c>@name</c> in the SQL, and a null value is sent as SQL NULL. The one place the hand-written stores (audit trail,
/// sessions, local accounts) build their commands.
/// </summary>
public static class DbCommands
{
    public static DbCommand Create(DbConnection conn, DbTransaction? tx, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = conn.CreateCommand();
        cmd.Transaction = tx;
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = cmd.CreateParameter();
            p.ParameterName = "@" + name;
            p.Value = value ?? DBNull.Value;
            cmd.Parameters.Add(p);
        }
        return cmd;
    }
}

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
        AddParameters(cmd.Parameters, cmd.CreateParameter, parameters);
        return cmd;
    }

    /// <summary>One more statement of <paramref name="batch"/> (sent in the batch's one round trip), parameters as <see cref="Create"/>.</summary>
    public static DbBatchCommand Add(DbBatch batch, string sql, params (string Name, object? Value)[] parameters)
    {
        var cmd = batch.CreateBatchCommand();
        cmd.CommandText = sql;
        AddParameters(cmd.Parameters, cmd.CreateParameter, parameters);
        batch.BatchCommands.Add(cmd);
        return cmd;
    }

    private static void AddParameters(DbParameterCollection target, Func<DbParameter> create, (string Name, object? Value)[] parameters)
    {
        foreach (var (name, value) in parameters)
        {
            var p = create();
            p.ParameterName = "@" + name;
            p.Value = value ?? DBNull.Value;
            target.Add(p);
        }
    }
}

namespace AutoVision.Scoring.Tests;

public class IngestionLogTests
{
    [Fact]
    public void ConsecutiveTimestamps_GapInKeys_StopsAtTheGap()
    {
        var log = new IngestionLog(1, "t", 1200, 100, new Dictionary<int, double> { [0] = 110, [1] = 120, [3] = 140 });
        Assert.Equal([110.0, 120.0], log.ConsecutiveTimestamps());
    }

    [Fact]
    public void ConsecutiveTimestamps_NoKeyZero_IsEmpty()
    {
        var log = new IngestionLog(1, "t", 1200, 100, new Dictionary<int, double> { [1] = 120 });
        Assert.Empty(log.ConsecutiveTimestamps());
    }
}

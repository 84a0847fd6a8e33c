namespace AutoVision.Search;

/// <summary>Whether smaller or larger objective values are better.</summary>
public enum StudyDirection
{
    Minimize,
    Maximize,
}

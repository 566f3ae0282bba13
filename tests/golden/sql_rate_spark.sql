SELECT
  CASE WHEN __v2_e IS NULL THEN CAST(__v2_n AS DOUBLE) / CAST(__v2_d AS DOUBLE) END AS `赔偿达标率:value`,
  CASE WHEN __v2_e IS NULL THEN __v2_n END AS `赔偿达标率:n`,
  CASE WHEN __v2_e IS NULL THEN __v2_d END AS `赔偿达标率:d`,
  CASE
    WHEN __v2_e IS NULL
    THEN CASE
      WHEN __v2_n * 20 >= 19 * __v2_d
      THEN '优'
      WHEN __v2_n * 10 >= 7 * __v2_d
      THEN '良'
      WHEN __v2_n * 2 >= __v2_d
      THEN '中'
      ELSE '差'
    END
  END AS `赔偿达标率:grade`,
  CASE WHEN __v2_e IS NULL THEN __v2_n >= __v2_d END AS `赔偿达标率:met`,
  __v2_e AS `赔偿达标率:error`
FROM (
  SELECT
    *,
    CASE
      WHEN (
        COALESCE(ABS(CAST(__v1_n AS DOUBLE)) * ABS(CAST(20 AS DOUBLE)) >= 9.9e33, TRUE)
      )
      THEN NULL
      ELSE __v1_n
    END AS __v2_n,
    CASE
      WHEN (
        COALESCE(ABS(CAST(__v1_n AS DOUBLE)) * ABS(CAST(20 AS DOUBLE)) >= 9.9e33, TRUE)
      )
      THEN NULL
      ELSE __v1_d
    END AS __v2_d,
    COALESCE(
      __v1_e,
      CASE
        WHEN (
          COALESCE(ABS(CAST(__v1_n AS DOUBLE)) * ABS(CAST(20 AS DOUBLE)) >= 9.9e33, TRUE)
        )
        THEN 'E805 赔偿达标率'
      END
    ) AS __v2_e
  FROM (
    SELECT
      *,
      CASE
        WHEN (
          COALESCE(ABS(CAST(__in0_n AS DOUBLE)) >= 9.9e33, TRUE)
        )
        THEN NULL
        ELSE CASE WHEN __in1_n < 0 THEN -__in0_n ELSE __in0_n END
      END AS __v1_n,
      CASE
        WHEN (
          COALESCE(ABS(CAST(__in0_n AS DOUBLE)) >= 9.9e33, TRUE)
        )
        THEN NULL
        ELSE 100 * (
          ABS(NULLIF(__in1_n, 0))
        )
      END AS __v1_d,
      COALESCE(
        COALESCE(
          COALESCE(__in0_e, __in1_e),
          CASE WHEN __in1_n = 0 THEN 'E401 赔偿资金中按标准支付的金额 / 全部赔偿资金金额' END
        ),
        CASE
          WHEN (
            COALESCE(ABS(CAST(__in0_n AS DOUBLE)) >= 9.9e33, TRUE)
          )
          THEN 'E805 赔偿资金中按标准支付的金额 / 全部赔偿资金金额'
        END
      ) AS __v1_e
    FROM (
      SELECT
        *,
        CAST(REPLACE(CAST(__c0 AS STRING), '.', '') AS DECIMAL(38, 0)) AS __in0_n,
        CASE WHEN __c0 IS NULL THEN 'E402 赔偿资金中按标准支付的金额' END AS __in0_e,
        CAST(__c1 AS DECIMAL(38, 0)) AS __in1_n,
        CASE WHEN __c1 IS NULL THEN 'E402 全部赔偿资金金额' END AS __in1_e
      FROM (
        SELECT
          `赔偿资金中按标准支付的金额` AS __c0,
          `全部赔偿资金金额` AS __c1
        FROM `records`
      ) AS __src
    ) AS __l2
  ) AS __l3
) AS __t;

import type { Messages } from "./messages";

// Simplified Chinese (mainland). Full-width punctuation; a space only between Han and Latin
// text (component names are often Latin).
export const zhCN: Messages = {
  indicator: {
    none: "所有系统运行正常",
    maintenance: "服务维护中",
    minor: "轻微服务中断",
    major: "部分系统中断",
    critical: "重大系统中断",
  },
  componentStatus: {
    operational: "运行正常",
    under_maintenance: "维护中",
    degraded_performance: "性能下降",
    partial_outage: "部分中断",
    major_outage: "重大中断",
  },
  componentStatusInSentence: {
    operational: "运行正常",
    under_maintenance: "维护中",
    degraded_performance: "性能下降",
    partial_outage: "部分中断",
    major_outage: "重大中断",
  },
  incidentStatus: {
    investigating: "调查中",
    identified: "已确认原因",
    monitoring: "监控中",
    resolved: "已解决",
    postmortem: "事后分析",
  },
  maintenanceStatus: { scheduled: "已计划", in_progress: "进行中" },
  page: {
    skipToContent: "跳到主要内容",
    languages: "语言",
    statusTitle: "{title}：{status}",
    updated: "更新于 {time}",
    activeIncidents: "当前事件",
    scheduledMaintenance: "计划维护",
    affects: "影响范围：{components}",
    components: "组件",
    uptimeSummary: "过去{period}的可用率：{figure}",
    uptimeFigure: "可用率 {figure}",
    dayUptime: "{date}：{figure}",
    noData: "无数据",
    today: "今天",
    incidentHistory: "事件历史",
    historyTitle: "{title}：事件历史",
    noIncidents: "暂无事件报告。",
    timesInUtc: "时间均为 UTC",
    jsonApi: "JSON API",
    notFound: "找不到该页面。",
    goToStatusPage: "前往状态页面",
  },
  feed: {
    title: "{title} 事件",
    description: "{title} 状态历史",
  },
  generated: {
    alertIncidentName: "{components} 出现问题",
    alertInvestigating: "我们正在调查 {components} 出现的问题。",
    alertReturned: "问题再次出现，我们正在调查。",
    alertResolved: "此事件已解决。",
    impactRaised: "{components} 的影响已升级为{status}。",
    impactLowered: "{components} 的影响已降级为{status}。",
  },
};

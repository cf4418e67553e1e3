import type { Messages } from "./messages";

// Traditional Chinese as written in Taiwan (效能, 元件, 排定). Full-width punctuation; a
// space only between Han and Latin text.
export const zhTW: Messages = {
  indicator: {
    none: "所有系統運作正常",
    maintenance: "服務維護中",
    minor: "輕微服務中斷",
    major: "部分系統中斷",
    critical: "重大系統中斷",
  },
  componentStatus: {
    operational: "運作正常",
    under_maintenance: "維護中",
    degraded_performance: "效能降低",
    partial_outage: "部分中斷",
    major_outage: "重大中斷",
  },
  componentStatusInSentence: {
    operational: "運作正常",
    under_maintenance: "維護中",
    degraded_performance: "效能降低",
    partial_outage: "部分中斷",
    major_outage: "重大中斷",
  },
  incidentStatus: {
    investigating: "調查中",
    identified: "已確認原因",
    monitoring: "監控中",
    resolved: "已解決",
    postmortem: "事後檢討",
  },
  maintenanceStatus: { scheduled: "已排定", in_progress: "進行中" },
  page: {
    skipToContent: "跳至主要內容",
    languages: "語言",
    statusTitle: "{title}：{status}",
    updated: "更新時間：{time}",
    activeIncidents: "進行中的事件",
    scheduledMaintenance: "排定維護",
    affects: "影響範圍：{components}",
    components: "元件",
    uptimeSummary: "過去{period}的可用率：{figure}",
    uptimeFigure: "可用率 {figure}",
    dayUptime: "{date}：{figure}",
    noData: "無資料",
    today: "今天",
    incidentHistory: "事件記錄",
    historyTitle: "{title}：事件記錄",
    noIncidents: "沒有事件報告。",
    timesInUtc: "時間皆為 UTC",
    jsonApi: "JSON API",
    notFound: "找不到這個網頁。",
    goToStatusPage: "前往狀態頁面",
  },
  feed: {
    title: "{title} 事件",
    description: "{title} 狀態記錄",
  },
  generated: {
    alertIncidentName: "{components} 發生問題",
    alertInvestigating: "我們正在調查 {components} 發生的問題。",
    alertReturned: "問題再次發生，我們正在調查。",
    alertResolved: "此事件已解決。",
    impactRaised: "{components} 的影響已升級為{status}。",
    impactLowered: "{components} 的影響已降級為{status}。",
  },
};
